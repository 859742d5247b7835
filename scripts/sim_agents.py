"""Simulated data center agents for scripts/bench-follow: N HTTP servers on consecutive
ports, each serving GET /getdcinfo as a push stream (text/event-stream) that sends a
valid report every INTERVAL seconds, with event ids, as `altoplace agent` does."""
import asyncio
import datetime
import json
import sys

BASE, COUNT, INTERVAL = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])


def report(dcid, seq):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    info = {"dcid": dcid, "addr": [f"ipv4:10.9.{dcid // 250}.{dcid % 250}"], "timestamp": now,
            "ramusage": 40 + seq % 20, "srvload": 10 + seq % 50, "powerusage": 150, "cost": 1,
            "capacity": {"cpu": 32, "ram": 128}}
    return json.dumps({"meta": {}, "dc-info": info}, separators=(",", ":"))


async def serve(reader, writer, dcid):
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        seq = 0
        while True:
            seq += 1
            data = f"id: {seq}\nevent: dcinfo\ndata: {report(dcid, seq)}\n\n".encode()
            writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            await writer.drain()
            await asyncio.sleep(INTERVAL)
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    servers = []
    for k in range(COUNT):
        servers.append(await asyncio.start_server(
            lambda r, w, dcid=k + 1: serve(r, w, dcid), "127.0.0.1", BASE + k))
    print(f"{COUNT} simulated agents on ports {BASE}-{BASE + COUNT - 1}", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))

asyncio.run(main())
