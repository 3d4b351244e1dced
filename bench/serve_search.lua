-- serve_search.lua — wrk script: GET /api/search over a rotation of queries
-- (one word, two words, a phrase, a prefix), 20 hits a page.
local queries = {"gouvernement", "police", "football", "coronavirus", "president%20republique",
                 "%22premier%20ministre%22", "econom*", "paris", "elections", "greve"}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. queries[i] .. "&limit=20")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("errors: connect %d, read %d, write %d, status (non-2xx) %d, timeout %d\n",
                         e.connect, e.read, e.write, e.status, e.timeout))
end
