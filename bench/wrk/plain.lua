done = dofile("bench/wrk/report.lua")
