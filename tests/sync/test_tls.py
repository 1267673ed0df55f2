"""TLS is verified by default; a province's own CA is trusted only when configured as the CA bundle.
The receiver serves https with a certificate signed by a throw-away CA made here."""

from __future__ import annotations

import datetime as dt
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.config import SyncConfig
from app.sync.runner import Runner
from tests.sync.conftest import TOKEN, fast_options, load_backlog, outbox


def _cert(subject: str, key, issuer_name, issuer_key, *, ca: bool,  # type: ignore[no-untyped-def]
          names: list[x509.GeneralName] | None = None) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(names or [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_ca_and_server(folder, names=None):  # type: ignore[no-untyped-def]
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cn = "CA Sở Thông tin và Truyền thông (thử)"
    ca = _cert(ca_cn, ca_key, x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ca_cn)]), ca_key, ca=True)
    server = _cert("127.0.0.1", server_key, ca.subject, ca_key, ca=False, names=names)
    paths = {name: folder / f"{name}.pem" for name in ("ca", "cert", "key")}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(server_key.private_bytes(serialization.Encoding.PEM,
                                                      serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    return paths


def test_unknown_ca_stops_the_run_and_the_configured_bundle_is_trusted(desk, tmp_path, start_receiver):
    pem = make_ca_and_server(tmp_path)
    load_backlog(desk, 30)
    receiver = start_receiver("--tls-cert", str(pem["cert"]), "--tls-key", str(pem["key"]))
    url = f"https://127.0.0.1:{receiver.port}"

    refused = Runner(desk, SyncConfig(url, "", TOKEN, 60), fast_options(max_failures=2)).run()
    assert refused.fatal and refused.exit_code == 2
    assert "chứng chỉ" in refused.error and "--ca-bundle" in refused.error
    assert {r[0] for r in outbox(desk).values()} == {"pending"}

    trusted = Runner(desk, SyncConfig(url, str(pem["ca"]), TOKEN, 60), fast_options()).run()
    assert trusted.exit_code == 0, trusted.line()
    assert {r[0] for r in outbox(desk).values()} == {"sent"}
    assert receiver.stats()["dossiers"] == 30


def test_a_certificate_for_another_host_name_names_the_mismatch(desk, tmp_path, start_receiver):
    pem = make_ca_and_server(tmp_path, [x509.DNSName("motcua.tinh-khac.gov.vn")])
    load_backlog(desk, 5)
    receiver = start_receiver("--tls-cert", str(pem["cert"]), "--tls-key", str(pem["key"]))
    refused = Runner(desk, SyncConfig(f"https://127.0.0.1:{receiver.port}", str(pem["ca"]), TOKEN, 60),
                     fast_options(max_failures=2)).run()
    assert refused.fatal and refused.exit_code == 2
    assert "hostname mismatch" in refused.error and "«127.0.0.1»" in refused.error
    assert "--ca-bundle" not in refused.error
    assert {r[0] for r in outbox(desk).values()} == {"pending"}
