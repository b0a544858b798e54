module example.com/todo-web

go 1.19
