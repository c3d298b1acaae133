/**
 * The admin web UI at {@code /admin}: its pages (static HTML and scripts under {@code
 * classpath:/admin-ui/} and {@code classpath:/static/admin/assets/}), the login form and the
 * session the pages read their CSRF token from. The data comes from the admin API.
 */
@NullMarked
package io.symposium.orchestrator.ui;

import org.jspecify.annotations.NullMarked;
