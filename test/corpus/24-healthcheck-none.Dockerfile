FROM nginx:1.25
HEALTHCHECK NONE
COPY site/ /usr/share/nginx/html/
