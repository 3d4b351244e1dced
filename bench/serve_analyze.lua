-- serve_analyze.lua — wrk script: POST /api/analyze with the seed article
-- (examples/seed.json, a JSON article) as the body. SEED= overrides the file.
local path = os.getenv("SEED") or "examples/seed.json"
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("errors: connect %d, read %d, write %d, status (non-2xx) %d, timeout %d\n",
                         e.connect, e.read, e.write, e.status, e.timeout))
end
