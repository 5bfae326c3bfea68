-- Exercises the interpreter and its libraries; the output must equal the host build's.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(25) = " .. fib(25))
local t = {}
for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
table.sort(t)
print("sorted", t[1], t[500], t[1000])
print(string.format("%.6f %g %5.2e", math.pi, math.sqrt(2), 6.02214076e23))
print(("Hello, Diver"):upper():gsub("DIVER", "Posix"))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print("coroutine", co(), co(), co())
print("utf8", utf8.len("häßlich"), utf8.char(72, 228))
local ok, err = pcall(error, {code = 42})
print("pcall", ok, err.code)
-- Files: read a packed file, write and read back a new one (RAM in VM mode).
local f = assert(io.open("scripts/data.txt"))
local lines = {}
for line in f:lines() do lines[#lines + 1] = line end
f:close()
print("data.txt", #lines, lines[1])
local out = assert(io.open("lua-out.txt", "w"))
out:write("written by lua\n")
out:close()
print("read back", io.open("lua-out.txt"):read("l"))
print("string.rep", #string.rep("ab", 100000))
collectgarbage()
print("done")
