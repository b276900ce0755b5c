package io.switchboard.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants through {@link IsoInstants}, registered after {@code JavaTimeModule} so that it wins: the same
 * text and the same values, read and written without {@code DateTimeFormatter}. Every other shape of input
 * (a number, an offset, a malformed string) goes to {@code JavaTimeModule}'s reader, so what is accepted
 * and how a refusal reads do not change.
 */
final class InstantModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  InstantModule() {
    super("switchboard-instants");
    addSerializer(Instant.class, new Writer());
    addDeserializer(Instant.class, new Reader());
  }

  private static final class Writer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      IsoInstants.write(value, gen);
    }
  }

  private static final class Reader extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant instant = IsoInstants.parse(p.getText());
        if (instant != null) {
          return instant;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
  }
}
