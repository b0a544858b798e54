module example.com/winapp

go 1.19
