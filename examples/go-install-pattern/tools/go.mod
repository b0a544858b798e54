module example.com/notes/tools

go 1.19
