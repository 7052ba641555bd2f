-- wrk script: rotate.lua's list of paths, plus the latency percentiles wrk's --latency does not print (p95).
--
--   wrk -t2 -c8 -d15s --latency -s benchmarks/rotate_percentiles.lua http://127.0.0.1:8000 -- paths.txt
--
-- Prints "PERCENTILE <p> <microseconds>" lines for p50, p95 and p99 after wrk's own report.

local requests = {}
local position = 0
local threads = 0

function setup(thread)
   thread:set("thread_number", threads)
   threads = threads + 1
end

function init(args)
   local name = args[1]
   assert(name, "usage: wrk -s rotate_percentiles.lua URL -- PATHS_FILE")
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
