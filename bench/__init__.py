"""Benchmarks and soak runs: measurements of the product, not part of it.

This package lives in the source checkout only (it is not installed with the
wheel); ``supportbot bench …`` finds it when run from a checkout.

    commands.py         the ``supportbot bench retrieval|intake|slack|soak`` parsers
    retrieval_bench.py  retrieval quality per leg, abstention, build and search speed
    qa.py               labelled question files the retrieval bench reads
    search_snapshot.py  what the search returns per question, to check a change moved nothing
    intake_bench.py     field extraction precision/recall and turns-to-ticket
    slack_bench.py      Slack adapter ack latency and highest sustained event rate
    soak.py             many developers through the whole flow against ``supportbot serve``
    slack_soak.py       the fake Slack workspace and scripted developers the soak drives
"""
