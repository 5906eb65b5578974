"""Photos and files kept in S3-compatible object storage (`FILES_S3_BUCKET`) instead of a local folder.

A real S3 server on loopback (moto's, over HTTP, as MinIO or R2 would be reached with
`FILES_S3_ENDPOINT_URL`), the real aiobotocore client, real Redis for the files' records, and the
bot's real `/files` route over a loopback socket.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiobotocore.session import get_session
from aiohttp.test_utils import TestServer
from moto.server import ThreadedMotoServer

from bot.app import StartupError, build_services
from bot.files.s3 import S3Storage
from bot.files.service import Files
from bot.files.setup import files_from_settings
from bot.files.storage import LocalFolderStorage
from bot.logs import setup_logging
from bot.settings import SettingsError, load_settings, settings_or_exit
from bot.store import Store, connect_redis
from tests.conftest import make_settings
from tests.support.files import pdf, png
from tests.support.processes import ROOT, clean_environment

pytestmark = pytest.mark.timeout(60)

KEY_ID = "baton-test-key-id"
SECRET = "baton-test-secret-never-shown-0001"
REGION = "eu-central-1"


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    """A local S3 server (moto) on a free loopback port, for this module."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request in the test output
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_settings(s3_url: str, bucket: str, **more: str) -> dict[str, str]:
    """The FILES_S3_* settings an operator would set for that server."""
    return {"FILES_S3_BUCKET": bucket, "FILES_S3_ENDPOINT_URL": s3_url, "FILES_S3_REGION": REGION,
            "FILES_S3_ACCESS_KEY_ID": KEY_ID, "FILES_S3_SECRET_ACCESS_KEY": SECRET, **more}


@pytest.fixture
async def bucket(s3_url: str) -> AsyncIterator[tuple[str, object]]:
    """A new bucket of this test's own, and an S3 client to look inside it as an operator would."""
    name = f"baton-files-{uuid.uuid4().hex[:12]}"
    async with get_session().create_client("s3", endpoint_url=s3_url, region_name=REGION,
                                           aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET) as client:
        await client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield name, client


@pytest.fixture
async def files(s3_url: str, bucket: tuple[str, object], redis_url: str,
                redis_prefix: str) -> AsyncIterator[Files]:
    """The file service built from the settings as the bot builds it, kept in the test's bucket
    under the prefix `support/files`."""
    name, _ = bucket
    settings = make_settings(REDIS_URL=redis_url, BOT_REDIS_PREFIX=redis_prefix,
                             **s3_settings(s3_url, name, FILES_S3_PREFIX="/support/files/"))
    store = Store(connect_redis(redis_url), prefix=redis_prefix)
    service = await files_from_settings(settings, store)
    yield service
    await service.close()
    await store.close()



async def _fetch(server: TestServer, path: str) -> tuple[int, bytes, str]:
    async with aiohttp.ClientSession() as http, http.get(server.make_url(path)) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


# -- kept and served -----------------------------------------------------------------------------


async def test_a_photo_kept_in_the_bucket_is_served_byte_for_byte_by_its_signed_link(
    files: Files, file_server: TestServer,
) -> None:
    """A customer's photo and a staff PDF go to the bucket and come back exactly, with their type."""
    photo_bytes = png(width=40, height=30, extra=5000)
    photo = await files.keep(photo_bytes, "damage.png", conversation_id="c1", sent_by="customer")
    label = await files.keep(pdf(), "return-label.pdf", conversation_id="c1", sent_by="staff-dana")

    assert isinstance(files.storage, S3Storage)
    assert await _fetch(file_server, files.link(photo)) == (200, photo_bytes, "image/png")
    assert await _fetch(file_server, files.link(label)) == (200, pdf(), "application/pdf")


async def test_objects_are_kept_under_the_key_prefix_with_their_content_type(
    files: Files, bucket: tuple[str, object],
) -> None:
    """An operator finds the files under FILES_S3_PREFIX, typed, so the bucket can be shared and
    its lifecycle rules scoped to the prefix."""
    name, client = bucket
    photo = await files.keep(png(), "box.png", conversation_id="c1", sent_by="customer")

    listed = await client.list_objects_v2(Bucket=name)  # type: ignore[attr-defined]
    head = await client.head_object(Bucket=name, Key=f"support/files/{photo.id}")  # type: ignore[attr-defined]

    assert [item["Key"] for item in listed["Contents"]] == [f"support/files/{photo.id}"]
    assert head["ContentType"] == "image/png" and head["ContentLength"] == len(png())


async def test_a_file_gone_from_the_bucket_is_a_404_not_an_error(
    files: Files, file_server: TestServer, bucket: tuple[str, object],
) -> None:
    """A lifecycle rule or an operator removed the object: the link says the file is no longer kept."""
    name, client = bucket
    photo = await files.keep(png(), "box.png", conversation_id="c1", sent_by="customer")
    await client.delete_object(Bucket=name, Key=f"support/files/{photo.id}")  # type: ignore[attr-defined]

    status, body, _ = await _fetch(file_server, files.link(photo))

    assert await files.storage.get(photo.id) is None
    assert status == 404 and b"no longer kept" in body


async def test_readiness_follows_the_bucket(files: Files, bucket: tuple[str, object]) -> None:
    """/readyz asks the storage: ready while the bucket answers, not once it is gone."""
    name, client = bucket
    assert await files.ready()
    await client.delete_bucket(Bucket=name)  # type: ignore[attr-defined]
    assert not await files.ready()


async def test_deleting_a_file_removes_its_object(files: Files, bucket: tuple[str, object]) -> None:
    """Deleting is idempotent: a second delete of the same file is not an error."""
    name, client = bucket
    photo = await files.keep(png(), "box.png", conversation_id="c1", sent_by="customer")

    await files.storage.delete(photo.id)
    await files.storage.delete(photo.id)

    assert await files.storage.get(photo.id) is None
    assert (await client.list_objects_v2(Bucket=name)).get("KeyCount") == 0  # type: ignore[attr-defined]


async def test_debug_logs_show_neither_the_files_nor_the_keys(files: Files, capsys: pytest.CaptureFixture[str]) -> None:
    """LOG_LEVEL=DEBUG for a support question must not pour customers' photos or the S3 key into the logs."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    setup_logging("DEBUG")
    try:
        photo = await files.keep(png(extra=300), "passport.png", conversation_id="c1", sent_by="customer")
        assert await files.read(photo.id) is not None
        logging.getLogger("bot.files").debug("a line that shows the handler writes")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    logged = capsys.readouterr().err
    assert "a line that shows the handler writes" in logged
    assert "IHDR" not in logged and "xxxxxxxx" not in logged  # the photo's bytes
    assert KEY_ID not in logged and SECRET not in logged


# -- start-up ------------------------------------------------------------------------------------


async def test_a_missing_bucket_stops_the_start_with_one_line_naming_files_s3_bucket(
    s3_url: str, redis_url: str, redis_prefix: str, caplog: pytest.LogCaptureFixture,
) -> None:
    """The bucket is checked before anything else loads: a typo fails the start at once, and
    neither the message nor the log shows the secret key."""
    settings = make_settings(REDIS_URL=redis_url, BOT_REDIS_PREFIX=redis_prefix,
                             **s3_settings(s3_url, "harbor-no-such-bucket"))
    caplog.set_level(logging.DEBUG)

    with pytest.raises(StartupError) as failed:
        await build_services(settings)

    message = str(failed.value)
    assert message.startswith("FILES_S3_BUCKET: bucket 'harbor-no-such-bucket' does not exist at " + s3_url)
    assert "\n" not in message
    assert SECRET not in message + caplog.text and KEY_ID not in message


def test_the_bot_process_exits_2_with_that_line(s3_url: str, redis_url: str) -> None:
    """`python -m bot web` with a bucket that is not there: one line on stderr, exit code 2."""
    env = {**clean_environment(), **s3_settings(s3_url, "harbor-no-such-bucket"), "REDIS_URL": redis_url,
           "BOT_REDIS_PREFIX": f"test:{uuid.uuid4().hex[:12]}:"}  # the bucket is checked before Redis is written
    env = {k: v for k, v in env.items() if not k.startswith("AWS_")}

    done = subprocess.run([sys.executable, "-m", "bot", "web"], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baton: FILES_S3_BUCKET: bucket 'harbor-no-such-bucket'"), \
        done.stderr
    assert SECRET not in done.stderr + done.stdout


async def test_an_unreachable_endpoint_names_the_bucket_and_the_endpoint(redis_url: str, redis_prefix: str) -> None:
    """Nothing listening at FILES_S3_ENDPOINT_URL: the start says so instead of failing on the first upload."""
    settings = make_settings(REDIS_URL=redis_url, BOT_REDIS_PREFIX=redis_prefix,
                             **s3_settings("http://127.0.0.1:9", "harbor-files"))

    with pytest.raises(StartupError, match=r"^FILES_S3_BUCKET: bucket 'harbor-files': http://127\.0\.0\.1:9 "
                                           r"could not be reached .*FILES_S3_ENDPOINT_URL$"):
        await build_services(settings)


# -- settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("values", "expected"), [
    ({"FILES_S3_ACCESS_KEY_ID": KEY_ID}, "FILES_S3_SECRET_ACCESS_KEY: required with FILES_S3_ACCESS_KEY_ID"),
    ({"FILES_S3_SECRET_ACCESS_KEY": SECRET}, "FILES_S3_ACCESS_KEY_ID: required with FILES_S3_SECRET_ACCESS_KEY"),
    ({"FILES_S3_BUCKET": "Harbor_Files"}, "FILES_S3_BUCKET: 'Harbor_Files' is not a bucket name: 3-63"),
    ({"FILES_S3_BUCKET": "hf"}, "FILES_S3_BUCKET: 'hf' is not a bucket name"),
    ({"FILES_S3_BUCKET": "harbor..files"}, "FILES_S3_BUCKET: 'harbor..files' is not a bucket name"),
    ({"FILES_S3_BUCKET": "192.168.10.4"}, "FILES_S3_BUCKET: '192.168.10.4' is not a bucket name"),
    ({"FILES_S3_BUCKET": "x" * 64}, "FILES_S3_BUCKET: 'xxxx"),
    ({"FILES_S3_ENDPOINT_URL": "minio.internal:9000"}, "FILES_S3_ENDPOINT_URL: expected the S3 server's http(s) URL"),
    ({"FILES_S3_ENDPOINT_URL": "ftp://minio.internal"}, "FILES_S3_ENDPOINT_URL: expected the S3 server's http(s) URL"),
    ({"FILES_S3_ENDPOINT_URL": f"https://{KEY_ID}:{SECRET}@minio.internal"},
     "FILES_S3_ENDPOINT_URL: must not hold credentials"),
    ({"FILES_S3_PREFIX": "support/../other"}, "FILES_S3_PREFIX: expected a key prefix like baton/files"),
])
def test_a_bad_s3_setting_is_refused_with_one_line_naming_it(values: dict[str, str], expected: str) -> None:
    """Half a key pair, a name S3 would refuse, a URL that is not one: the start stops and says which."""
    settings = {"FILES_S3_BUCKET": "harbor-files", **values}

    with pytest.raises(SettingsError) as refused:
        load_settings(_env_file=None, **settings)

    assert str(refused.value).startswith(expected)
    assert SECRET not in str(refused.value)


def test_an_s3_setting_without_a_bucket_is_refused() -> None:
    """An endpoint with no bucket would silently keep files on the local disk: refused instead."""
    with pytest.raises(SettingsError, match="^FILES_S3_BUCKET: required with FILES_S3_ENDPOINT_URL"):
        load_settings(_env_file=None, FILES_S3_ENDPOINT_URL="http://minio.internal:9000")


def test_a_bad_bucket_in_the_environment_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """As the process reads it: `baton: bad setting FILES_S3_BUCKET: ...` and exit code 2."""
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("FILES_S3_BUCKET", "My Files")

    with pytest.raises(SystemExit) as stopped:
        settings_or_exit()

    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baton: bad setting FILES_S3_BUCKET: 'My Files' is not a bucket")


def test_the_s3_settings_are_read_and_the_default_stays_the_local_folder(tmp_path: Path) -> None:
    """Without FILES_S3_BUCKET the files stay in FILES_DIR; with it the prefix is normalised and the
    keys are kept secret in the settings' text."""
    from bot.files.setup import storage_from_settings

    local = storage_from_settings(load_settings(_env_file=None, FILES_DIR=str(tmp_path)))
    settings = load_settings(_env_file=None, **s3_settings("https://minio.internal:9000/", "harbor-files",
                                                             FILES_S3_PREFIX="support/files"))
    s3 = storage_from_settings(settings)

    assert isinstance(local, LocalFolderStorage) and local.root == tmp_path
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix, s3.endpoint_url, s3.region) == (
        "harbor-files", "support/files/", "https://minio.internal:9000", REGION)
    assert SECRET not in repr(settings) + repr(s3) and KEY_ID not in repr(settings) + repr(s3)
