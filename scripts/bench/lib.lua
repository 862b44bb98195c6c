-- Shared by the scenario scripts: loads report.lua from the folder of the script that loads this.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

-- The lines of a file named by an environment variable, for the data that bench-http.sh prepares.
function read_lines_of(variable)
  local path = os.getenv(variable) or error(variable .. " is not set")
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  if #lines == 0 then error(path .. " is empty") end
  return lines
end
