module example.com/slugger

go 1.19

require example.com/slug v1.2.0
