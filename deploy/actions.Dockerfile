# Action server of deploy/compose.yml: the project's action environment; the partner index is
# built at first start when missing (a few seconds for the shipped corpus).
FROM python:3.11-slim
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/actions.txt -c requirements/actions.lock
COPY . .
CMD ["python", "-m", "actions.server", "--port", "5055"]
