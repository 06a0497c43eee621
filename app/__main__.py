"""python -m app [--host H] [--port P] [--workers N]: serve the explorer and the API with uvicorn."""
from __future__ import annotations

import argparse
import sys

from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m app", description="Serve chainrule: the explorer page and the REST API.",
        epilog="Limits, timeouts and CORS origins come from CHAINRULE_* environment variables (see app/settings.py).")
    parser.add_argument("--host", default=defaults.host, help=f"address to listen on (default {defaults.host})")
    parser.add_argument("--port", type=int, default=defaults.port, help=f"port (default {defaults.port})")
    parser.add_argument("--workers", type=int, default=defaults.workers,
                        help=f"worker processes sharing the port (default {defaults.workers}; CHAINRULE_WORKERS)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    changes = {"host": args.host, "port": args.port, "workers": args.workers}
    if "max_computing" not in defaults.model_fields_set:
        changes["max_computing"] = Settings(workers=args.workers).max_computing
    settings = defaults.model_copy(update=changes)

    from .serve import serve
    host = f"[{args.host}]" if ":" in args.host else args.host
    workers = "" if args.workers == 1 else f", {args.workers} workers"
    print(f"chainrule: serving on http://{host}:{args.port}{workers} (API docs at /docs; Ctrl+C stops)", flush=True)
    try:
        return serve(settings)
    except OSError as error:
        print(f"chainrule: cannot listen on {host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
