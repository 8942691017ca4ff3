package io.pgcarry.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pgcarry.common.mapping.NameMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a name-mapping file, YAML or JSON (JSON is read as YAML, of which it is a subset). */
public final class MappingFile {

  private MappingFile() {}

  /**
   * Reads and validates a mapping file.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static NameMapping read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("mapping file " + file + " does not exist");
    }
    try {
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      return NameMapping.fromTree(tree);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "mapping file " + file + " is not valid YAML: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mapping file " + file + ": " + e.getMessage(), e);
    }
  }
}
