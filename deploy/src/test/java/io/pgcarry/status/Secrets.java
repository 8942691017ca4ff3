package io.pgcarry.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Looks for secrets in every byte under a directory, and checks who may read it. */
final class Secrets {

  private Secrets() {}

  /**
   * Fails naming the file when any file under {@code root}, or {@code output}, holds one of the
   * secrets, as it is or base64-encoded (as Kafka's JSON converter writes bytes).
   */
  static void assertAbsent(Path root, String output, String... secrets) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("files under " + root).anyMatch(f -> f.toString().contains("-configs-0"));
    for (String secret : secrets) {
      byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
      byte[] encoded = Base64.getEncoder().encode(plain);
      assertThat(output).as("the command's output").doesNotContain(secret);
      for (Path file : files) {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(indexOf(bytes, plain)).as("%s holds a password", file).isNegative();
        assertThat(indexOf(bytes, encoded)).as("%s holds a password in base64", file).isNegative();
      }
    }
  }

  /** Fails when the directory is open to anyone but its owner. */
  static void assertOwnerOnly(Path dir) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
    assertThat(permissions)
        .as("permissions of " + dir)
        .containsOnly(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.getPosixFilePermissions(file))
            .as("permissions of " + file)
            .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
