module example.com/http-dump

go 1.19
