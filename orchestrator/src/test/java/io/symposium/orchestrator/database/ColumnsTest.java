package io.symposium.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Readable;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ColumnsTest {

  /** A row of named values; a column it lacks reads as null, as a NULL does in R2DBC. */
  record Row(Map<String, Object> values) implements Readable {
    @Override
    public <T> @Nullable T get(int index, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> @Nullable T get(String name, Class<T> type) {
      return type.cast(values.get(name));
    }
  }

  @Test
  void required_presentValue_returnsIt() {
    assertThat(Columns.required(new Row(Map.of("id", 7L)), "id", Long.class)).isEqualTo(7L);
  }

  @Test
  void required_null_failsNamingTheColumn() {
    assertThatThrownBy(() -> Columns.required(new Row(Map.of()), "question", String.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column question is null");
  }
}
