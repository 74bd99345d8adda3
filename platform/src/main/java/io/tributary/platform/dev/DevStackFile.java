package io.tributary.platform.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The file in which {@code tributary dev} records its endpoints, so that {@code ingest}, {@code lag},
 * {@code projections}, {@code replay}, {@code roll} and {@code route-*} find the running dev stack
 * without environment variables. A file whose process is gone is ignored.
 */
public final class DevStackFile {

  /** The file's name inside {@code TRIBUTARY_HOME}. */
  public static final String NAME = "dev-stack.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public DevStackFile(Path home) {
    this.file = home.resolve(NAME);
  }

  /** Where the file lives. */
  public Path path() {
    return file;
  }

  /** Records {@code endpoints}, readable by this user only (the database URL may carry a password). */
  public void write(DevEndpoints endpoints) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), NAME, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      JSON.writeValue(tmp.toFile(), endpoints);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The endpoints of a dev stack that is still running, if one recorded them. */
  public Optional<DevEndpoints> running() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      DevEndpoints endpoints = JSON.readValue(file.toFile(), DevEndpoints.class);
      return ProcessHandle.of(endpoints.pid()).filter(ProcessHandle::isAlive).map(p -> endpoints);
    } catch (IOException e) {
      // A half-written or foreign file is no dev stack; the command then asks for the variables.
      return Optional.empty();
    }
  }

  /** Removes the file if it still describes the process {@code pid}. */
  public void removeIfOwnedBy(long pid) {
    try {
      if (Files.isRegularFile(file) && JSON.readValue(file.toFile(), DevEndpoints.class).pid() == pid) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Left behind, it is ignored by readers once this process is gone.
    }
  }
}
