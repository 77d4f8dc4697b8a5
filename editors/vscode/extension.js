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
    // Settings changes reach the server as didChangeConfiguration; it registers its own
    // file watching (files changed on disk, its configuration file).
    synchronize: { configurationSection: "brazelint" },
  };
  client = new LanguageClient("brazelint", "brazelint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
