FROM golang:1.22   
WORKDIR	/app	
	
COPY . .  
RUN go build -o app . \  
	&& echo built	
   
ENV	GOFLAGS=-mod=mod 	
CMD	["./app"] 
