/** Tests of the SQL migrations against a real PostgreSQL. */
@NullMarked
package io.symposium.migrations;

import org.jspecify.annotations.NullMarked;
