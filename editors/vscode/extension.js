// Starts `brazelint server` (LSP over stdio) for the files brazelint reads.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("brazelint");
  const [command, ...args] = config.get("path", ["brazelint"]);
  const serverOptions = { command, args: [...args, "server"] };
  const clientOptions = {
    documentSelector: [{ scheme: "file" }],
    initializationOptions: { settings: config.get("settings", {}) },
    // The server re-reads files changed on disk and its configuration when they change.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*"),
      configurationSection: "brazelint.settings",
    },
  };
  client = new LanguageClient("brazelint", "brazelint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
