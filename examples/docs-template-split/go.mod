module example.com/docker-gs-ping

go 1.19
