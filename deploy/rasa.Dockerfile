# Rasa server of deploy/compose.yml: the project's Rasa environment and the trained model
# (run `make train` first: models/current.tar.gz is copied in).
FROM python:3.10-slim
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/rasa.txt -c requirements/rasa.lock
COPY . .
CMD ["sh", "-c", "python -m bot.ops.runtime_config --out /tmp/run && exec python -m rasa run --enable-api --interface 0.0.0.0 --port 5005 --model models/current.tar.gz --credentials /tmp/run/credentials.yml --endpoints /tmp/run/endpoints.yml"]
