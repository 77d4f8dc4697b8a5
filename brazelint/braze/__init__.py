"""What brazelint knows about Braze itself (clusters, SDK and REST API shapes), shared by
the rules. Every fact here comes from ``shared/braze-facts.md``; the section is cited next
to each table. Nothing here touches syntax: it reads facts only."""
