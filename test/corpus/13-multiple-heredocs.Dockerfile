# syntax=docker/dockerfile:1.4
FROM alpine:3.19
RUN <<FILE1 cat > /file1 && <<FILE2 cat > /file2
I am
first
FILE1
I am
second
FILE2
COPY <<robots.txt <<humans.txt /usr/share/nginx/html/
User-agent: *
Disallow: /
robots.txt
Made by people
humans.txt
RUN <<"EOF" sh
echo "$HOME is not expanded here"
EOF
CMD ["cat", "/file1", "/file2"]
