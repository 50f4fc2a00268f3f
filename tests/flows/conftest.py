import pytest

OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
# A fresh temporary server migrates its database first, slower than Prefect's default wait.
SERVER_STARTUP_TIMEOUT = 120


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A temporary Prefect server for the session, stopped at its end, with Prefect's state in
    temporary folders and nothing sent anywhere. Prefect reads these variables, and creates its
    home folder, when first imported: tests import flow modules in fixtures that use this one.
    The settings context covers a session that imported prefect earlier."""
    home = tmp_path_factory.mktemp("prefect-home")
    with pytest.MonkeyPatch.context() as env:
        for name, value in OFFLINE_ENV.items():
            env.setenv(name, value)
        env.setenv("PREFECT_HOME", str(home))
        from prefect.settings import (
            PREFECT_HOME,
            PREFECT_SERVER_ANALYTICS_ENABLED,
            temporary_settings,
        )
        from prefect.testing.utilities import prefect_test_harness

        with (temporary_settings(updates={PREFECT_HOME: home,
                                          PREFECT_SERVER_ANALYTICS_ENABLED: False}),
              prefect_test_harness(server_startup_timeout=SERVER_STARTUP_TIMEOUT)):
            yield
