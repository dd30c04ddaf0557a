package io.orchestrate.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path tmp;

  @Test
  void deletesANestedTreeAndItsRoot() throws Exception {
    Path root = tmp.resolve("data");
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/file"), "x");
    Files.writeString(root.resolve("top"), "y");

    FileTrees.deleteRecursively(root);

    assertThat(root).doesNotExist();
    assertThat(tmp).exists();
  }

  @Test
  void aMissingRootIsNotAnError() throws Exception {
    FileTrees.deleteRecursively(tmp.resolve("never-made"));
    assertThat(tmp).exists();
  }

  @Test
  void deletesALinkWithoutFollowingIt() throws Exception {
    Path kept = Files.createDirectories(tmp.resolve("kept"));
    Files.writeString(kept.resolve("precious"), "z");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createSymbolicLink(root.resolve("link"), kept);

    FileTrees.deleteRecursively(root);

    assertThat(root).doesNotExist();
    assertThat(kept.resolve("precious")).exists();
  }
}
