"""A Flask app: dockopt rewrites Go Dockerfiles only, so this one is left alone."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    return jsonify(message="hello from Flask")


@app.get("/healthz")
def healthz():
    return "ok\n"
