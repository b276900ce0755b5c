package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.config.ConfigDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every key exactly as the code declares it. When this fails, regenerate
 * the tables with {@code -Dswitchboard.writeDocs=true} and commit the file.
 */
class ConfigurationDocTest {

  private static final String BEGIN = "<!-- BEGIN GENERATED: ConfigCatalog -->\n";
  private static final String END = "<!-- END GENERATED -->";

  @Test
  void shouldListEveryConfigKeyInDocs() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    String text = Files.readString(doc);
    String generated = BEGIN + "\n" + ConfigDoc.markdown(ConfigCatalog.all()) + END;
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("generated block in " + doc).isNotNegative();
    String current = text.substring(begin, end + END.length());
    if (!current.equals(generated) && Boolean.getBoolean("switchboard.writeDocs")) {
      Files.writeString(doc, text.replace(current, generated));
      return;
    }
    assertThat(current).isEqualTo(generated);
  }
}
