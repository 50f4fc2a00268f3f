"""The nightly deployment for real: a Prefect server on loopback, `docai serve`, a triggered
run, then the database and the run's artifact."""

import subprocess
import sys

import httpx
import pytest

from tests import documents
from tests.ops.conftest import rows, running, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def test_docai_serve_runs_the_nightly_deployment(prefect_api, tmp_path):
    url, env = prefect_api
    inbox = tmp_path / "inbox"
    (inbox / "2024" / "03").mkdir(parents=True)
    documents.text_pdf(inbox / "invoice.pdf")
    documents.text_pdf(inbox / "2024" / "03" / "nested.pdf", pages=2)  # the glob recurses
    documents.garbage_pdf(inbox / "2024" / "corrupt.pdf")
    db = tmp_path / "docai.duckdb"
    log = tmp_path / "serve.log"
    serve = [sys.executable, "-m", "docai", "serve", "--inbox", str(inbox), "--db", str(db),
             "--name", "nightly-test", "--timezone", "Europe/Berlin"]
    api = httpx.Client(base_url=url, timeout=10)

    with (log.open("w") as out,
          running(serve, {**env, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}, stdout=out,
                  stderr=subprocess.STDOUT) as served):

        def deployment():
            assert served.poll() is None, log.read_text()
            response = api.get("/deployments/name/docai-nightly/nightly-test")
            return response.json() if response.status_code == 200 else None

        found = wait_for(deployment, 90, "the deployment")
        (schedule,) = found["schedules"]
        assert schedule["schedule"]["cron"] == "0 2 * * *"
        assert schedule["schedule"]["timezone"] == "Europe/Berlin"
        assert found["parameters"]["inbox"] == str(inbox)

        def create_run():
            created = api.post(f"/deployments/{found['id']}/create_flow_run", json={})
            return created.json()["id"] if created.status_code == 201 else None

        run_id = wait_for(create_run, 30, "a flow run of the deployment")

        def finished():
            state = api.get(f"/flow_runs/{run_id}").json()["state"]
            return state if state["type"] in FINAL else None

        state = wait_for(finished, 150, "the flow run", every=1)
        assert state["type"] == "COMPLETED", (state, log.read_text()[-4000:])

    stored = dict(rows(db, "SELECT file_name, status FROM documents"))
    assert stored == {"invoice.pdf": "ok", "nested.pdf": "ok", "corrupt.pdf": "failed"}
    ((docai_run, ok, failed),) = rows(db, "SELECT run_id, docs_ok, docs_failed FROM runs "
                                          "WHERE finished_at IS NOT NULL")
    assert (ok, failed) == (2, 1)
    artifacts = api.post("/artifacts/filter", json={
        "artifacts": {"key": {"any_": ["docai-run"]}}}).json()
    (artifact,) = [a for a in artifacts if docai_run in a["description"]]
    assert "| ok | 2 |" in artifact["data"] and "| failed | 1 |" in artifact["data"]
    assert "corrupt.pdf" in artifact["data"]
