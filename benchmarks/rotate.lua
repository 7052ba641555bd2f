-- wrk script: each request asks for the next path of a list, so one wrk run loads many URLs (search queries,
-- filter combinations) that a page cache rarely holds all of. After wrk's own report it prints
-- "PERCENTILE <p> <microseconds>" lines for p50, p95 and p99 (wrk's --latency prints no p95).
--
--   wrk -t2 -c16 -d15s --latency -s benchmarks/rotate.lua http://127.0.0.1:8000 -- paths.txt
--
-- paths.txt has one path (with its query string) per line. Each thread starts at its own place in the list.
-- The requests are built once in init(), so request() costs wrk next to nothing.

local requests = {}
local position = 0
local threads = 0

function setup(thread)
   thread:set("thread_number", threads)
   threads = threads + 1
end

function init(args)
   local name = args[1]
   assert(name, "usage: wrk -s rotate.lua URL -- PATHS_FILE")
   local file = assert(io.open(name, "r"))
   for line in file:lines() do
      if line ~= "" then
         requests[#requests + 1] = wrk.format("GET", line)
      end
   end
   file:close()
   assert(#requests > 0, "no paths in " .. name)
   position = ((thread_number or 0) * 7) % #requests
end

function request()
   position = position % #requests + 1
   return requests[position]
end

function done(summary, latency, requests)
   for _, p in ipairs({50, 95, 99}) do
      io.write(string.format("PERCENTILE %d %d\n", p, latency:percentile(p)))
   end
end
