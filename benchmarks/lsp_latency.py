"""Language server latency, run by hand (not a test): the time from sending
``textDocument/didChange`` to receiving the ``textDocument/publishDiagnostics`` of that
version, for a 300-line Braze file, over many edits.

    python3 benchmarks/lsp_latency.py [--edits 60] [--lines 300]

Starts the real ``brazelint server`` (``python -m brazelint server`` from this checkout),
opens a generated Web SDK file in a throw-away workspace, then makes one small edit at a
time (a line's event name changes, which adds or removes a BRZ401 finding) and waits for
its diagnostics before the next. Prints the median, p90 and maximum in milliseconds; the
first analysis (which starts the analysis process) is reported apart and not counted.
Then the same edits are analysed in this process without the server, so the server's own
share of the latency can be told from the analysis's.

Also printed: the CPU time the server's whole process tree (the server, the analysis
process and its forkserver) spent per edit, from ``/proc`` (Linux). On a machine shared
with other work the wall-clock latency grows with the load while this does not: with the
server's work sequential, the latency on an idle machine is about this CPU time plus the
pipes' hops.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

REPOSITORY = Path(__file__).resolve().parent.parent

_BLOCKS = (
    'braze.logCustomEvent("viewed_item", {{sku: "sku-{n}", position: {n}}});',
    'braze.getUser().setCustomUserAttribute("plan_tier_{n}", "gold");',
    "const price{n} = cart.items[{n}].price * quantity;",
    'braze.logPurchase("sku-{n}", price{n}, "USD", 1);',
    "if (user.optedIn) {{ braze.requestPushPermission(); }}",
    'braze.getUser().addToCustomAttributeArray("wishlist", "sku-{n}");',
    "function render{n}(card) {{ return card.title + ' ' + card.description; }}",
    "braze.logContentCardClick(cards[{n}]);",
    "export const section{n} = {{ id: {n}, title: 'Section {n}' }};",
    'braze.logCustomEvent("added_to_cart", {{sku: "sku-{n}"}});',
)


def braze_file(lines: int) -> list[str]:
    """A Web SDK file of ``lines`` lines mixing Braze calls with ordinary code."""
    text = ['import * as braze from "@braze/web-sdk";', ""]
    n = 0
    while len(text) < lines:
        text.append(_BLOCKS[n % len(_BLOCKS)].format(n=n))
        n += 1
    return text[:lines]


def tree_cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of ``pid`` and every process below it (ended children
    included, as the kernel adds them to their parent's); None without ``/proc``."""
    try:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        fields = handle.read().rpartition(")")[2].split()
                except OSError:
                    continue
                stats[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    except OSError:
        return None
    below = {pid}
    grew = True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in below and child not in below:
                below.add(child)
                grew = True
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(stats[p][1] for p in below if p in stats) / ticks


async def measure(edits: int, lines: int) -> tuple[float, list[float], float | None]:
    folder = Path(tempfile.mkdtemp(prefix="brazelint-lsp-latency-"))
    (folder / ".git").mkdir()
    path = folder / "shop.js"
    text = braze_file(lines)
    path.write_text("\n".join(text) + "\n")
    uri = path.as_uri()

    client = LanguageClient("lsp-latency", "1")
    arrived: dict[int, float] = {}
    waiting: dict[int, asyncio.Future[None]] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        if params.uri == uri and params.version is not None:
            arrived[params.version] = time.perf_counter()
            future = waiting.get(params.version)
            if future is not None and not future.done():
                future.set_result(None)

    def expect(version: int) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiting[version] = future
        return future

    await client.start_io(sys.executable, "-m", "brazelint", "server", cwd=str(REPOSITORY))
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=folder.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=folder.as_uri(), name="bench")],
        )
    )
    client.initialized(lsp.InitializedParams())
    first = expect(1)
    started = time.perf_counter()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id="javascript", version=1, text="\n".join(text) + "\n"
            )
        )
    )
    await asyncio.wait_for(first, 120)
    first_ms = (arrived[1] - started) * 1000

    server_pid = client._server.pid if client._server is not None else None
    cpu_before = tree_cpu_seconds(server_pid) if server_pid is not None else None
    samples = []
    for version in range(2, edits + 2):
        row = 2 + (version * 7) % (lines - 2)
        name = "purchase" if version % 2 else f"viewed_item_{version}"
        text[row] = f'braze.logCustomEvent("{name}", {{sku: "sku-{version}"}});'
        done = expect(version)
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(text="\n".join(text) + "\n")
                ],
            )
        )
        await asyncio.wait_for(done, 60)
        samples.append((arrived[version] - sent) * 1000)
    cpu_after = tree_cpu_seconds(server_pid) if server_pid is not None else None
    cpu_per_edit = None
    if cpu_before is not None and cpu_after is not None:
        cpu_per_edit = (cpu_after - cpu_before) * 1000 / edits

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first_ms, samples, cpu_per_edit


def analysis_only(edits: int, lines: int) -> tuple[list[float], list[float]]:
    """The same edits analysed in this process, without the server: what the latency
    would be with no protocol, process hop or project pass around the analysis."""
    sys.path.insert(0, str(REPOSITORY))  # this checkout's brazelint, as the server uses
    from brazelint.analyzer import Analyzer
    from brazelint.catalog import load_catalog
    from brazelint.discover import SourceFile
    from brazelint.languages import Language
    from brazelint.server.workspace import ClientSettings, configure, plan_of

    folder = Path(tempfile.mkdtemp(prefix="brazelint-lsp-latency-"))
    config, _, _ = configure(folder, ClientSettings(), load_catalog())
    analyzer = Analyzer(plan_of(config))
    source = SourceFile(folder / "shop.js", "shop.js", Language.JAVASCRIPT)
    text = braze_file(lines)
    wall, cpu = [], []
    for version in range(2, edits + 2):
        row = 2 + (version * 7) % (lines - 2)
        name = "purchase" if version % 2 else f"viewed_item_{version}"
        text[row] = f'braze.logCustomEvent("{name}", {{sku: "sku-{version}"}});'
        data = ("\n".join(text) + "\n").encode()
        started, started_cpu = time.perf_counter(), time.process_time()
        analyzer.analyze(source, data)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"median {statistics.median(samples):.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--lines", type=int, default=300)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    first_ms, samples, cpu_per_edit = asyncio.run(measure(args.edits, args.lines))
    print(f"file: {args.lines} lines, edits: {len(samples)}")
    if load is not None:
        print(f"load average at start: {load:.2f} ({os.cpu_count()} CPUs)")
    print(f"first analysis (starts the analysis process): {first_ms:.1f} ms")
    print(f"didChange -> publishDiagnostics: {_summary(samples)}")
    if cpu_per_edit is not None:
        print(f"server process tree CPU per edit: {cpu_per_edit:.1f} ms")
    wall, cpu = analysis_only(args.edits, args.lines)
    print(f"the analysis alone, in process:  {_summary(wall)}")
    print(f"  the same, CPU time:              {_summary(cpu)}")


if __name__ == "__main__":
    main()
