package io.tributary.embedded.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA, a broker certificate for 127.0.0.1 it signed, and a truststore holding the CA, made
 * with the JDK's {@code keytool} and {@link KeyStore} (no test dependency, nothing checked in). The same
 * CA signs client certificates for mutual TLS ({@link #issueClient}).
 *
 * @param keystore the broker's PKCS12 keystore (key and certificate chain)
 * @param truststore a PKCS12 truststore with the CA's certificate, for clients and for the broker's
 *     mutual TLS listener
 * @param certificate the CA's certificate as PEM, for clients that take PEM
 * @param authority the CA's PKCS12 keystore (its key signs certificates)
 * @param password password of every store and key
 */
public record TestCertificates(Path keystore, Path truststore, Path certificate, Path authority, String password) {

  private static final String VALIDITY_DAYS = "2";

  /**
   * A client's key and certificate chain.
   *
   * @param keystore PKCS12 keystore, under the certificates' password
   * @param pem the unencrypted PKCS#8 private key followed by the certificate chain, as PEM
   */
  public record ClientCertificate(Path keystore, Path pem) {}

  /** Generates the CA, the broker's keystore and the truststore in {@code dir} with a random password. */
  public static TestCertificates generate(Path dir) {
    String password = "pw-" + java.util.UUID.randomUUID();
    Path authority = dir.resolve("ca.p12");
    Path certificate = dir.resolve("ca.pem");
    Path keystore = dir.resolve("broker.p12");
    Path truststore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS,
        "-dname", "CN=Tributary test CA", "-ext", "bc:c",
        "-keystore", authority.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
    TestCertificates certificates = new TestCertificates(keystore, truststore, certificate, authority, password);
    KeyStore ca = certificates.load(authority);
    try {
      Certificate root = ca.getCertificate("ca");
      write(certificate, pem("CERTIFICATE", root.getEncoded()));
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", root);
      certificates.store(trusted, truststore);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the truststore " + truststore, e);
    }
    certificates.issue("broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost", keystore);
    return certificates;
  }

  /** A client certificate for {@code commonName} signed by the CA, next to the other stores. */
  public ClientCertificate issueClient(String commonName) {
    Path clientKeystore = keystore.resolveSibling(commonName + ".p12");
    Path pem = keystore.resolveSibling(commonName + ".pem");
    KeyStore.PrivateKeyEntry entry = issue(commonName, "CN=" + commonName, "EKU=clientAuth", clientKeystore);
    StringBuilder text = new StringBuilder(pem("PRIVATE KEY", entry.getPrivateKey().getEncoded()));
    try {
      for (Certificate link : entry.getCertificateChain()) {
        text.append(pem("CERTIFICATE", link.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode " + commonName + "'s certificate", e);
    }
    write(pem, text.toString());
    return new ClientCertificate(clientKeystore, pem);
  }

  /**
   * A key pair for {@code alias} with a certificate the CA signed (keytool makes it in the CA's
   * store, where the signing key is), copied with its chain into a keystore of its own, {@code store}.
   */
  private synchronized KeyStore.PrivateKeyEntry issue(String alias, String dname, String extension, Path store) {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS,
        "-dname", dname, "-ext", extension, "-signer", "ca", "-signerkeypass", password,
        "-keystore", authority.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
    KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password.toCharArray());
    try {
      KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) load(authority).getEntry(alias, protection);
      KeyStore own = KeyStore.getInstance("PKCS12");
      own.load(null, null);
      own.setEntry(alias, entry, protection);
      store(own, store);
      return entry;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot copy " + alias + "'s key into " + store, e);
    }
  }

  private KeyStore load(Path store) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password.toCharArray());
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + store, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + store, e);
    }
  }

  private void store(KeyStore keys, Path store) {
    try (OutputStream out = Files.newOutputStream(store)) {
      keys.store(out, password.toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + store, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write " + store, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates[" + keystore.getParent() + "]";
  }
}
