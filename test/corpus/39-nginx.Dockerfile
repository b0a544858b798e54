FROM nginx:stable-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY --chown=nginx:nginx public/ /usr/share/nginx/html
EXPOSE 80 443
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
