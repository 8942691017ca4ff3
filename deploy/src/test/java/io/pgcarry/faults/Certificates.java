package io.pgcarry.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test certificate authority and the certificates it signs, made with {@code openssl}: a server
 * certificate that names one host, and a client certificate whose common name is a role, with its
 * key also in PKCS-8 DER, the form pgJDBC reads.
 */
final class Certificates {

  private final Path dir;
  private final String name;

  private Certificates(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  /** A new CA named {@code name}, its files in {@code dir}. */
  static Certificates authority(Path dir, String name) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Certificates ca = new Certificates(dir, name);
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt");
    return ca;
  }

  Path certificate() {
    return dir.resolve(name + ".crt");
  }

  /** A server certificate for {@code host} (its only subject alternative name). */
  Path[] server(String file, String host) throws IOException, InterruptedException {
    return sign(file, host, "subjectAltName=DNS:" + host);
  }

  /**
   * A client certificate for role {@code role}; returns the certificate, its key in PKCS-8 PEM
   * (what libpq and pgJDBC both read) and the same key in the traditional RSA form (which pgJDBC
   * cannot read).
   */
  Path[] client(String file, String role) throws IOException, InterruptedException {
    Path[] signed = sign(file, role, "extendedKeyUsage=clientAuth");
    openssl(dir, "rsa", "-traditional", "-in", file + ".key", "-out", file + "-rsa.key");
    return new Path[] {signed[0], signed[1], dir.resolve(file + "-rsa.key")};
  }

  private Path[] sign(String file, String commonName, String extension)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve(file + ".ext"), extension + "\n");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + commonName,
        "-keyout",
        file + ".key",
        "-out",
        file + ".csr");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        file + ".csr",
        "-CA",
        name + ".crt",
        "-CAkey",
        name + ".key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        file + ".ext",
        "-out",
        file + ".crt");
    return new Path[] {dir.resolve(file + ".crt"), dir.resolve(file + ".key")};
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
