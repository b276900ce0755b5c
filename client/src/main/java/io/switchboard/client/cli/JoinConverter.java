package io.switchboard.client.cli;

import io.switchboard.common.model.Join;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --join single|all|detached} (any case). */
final class JoinConverter implements ITypeConverter<Join> {

  @Override
  public Join convert(String value) {
    for (Join join : Join.values()) {
      if (join.wireName().equals(value.toLowerCase(Locale.ROOT))) {
        return join;
      }
    }
    throw new TypeConversionException("expected single, all or detached, got '" + value + "'");
  }
}
