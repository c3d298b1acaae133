/**
 * What the remote backends share: their load, complete and stream skeleton ({@link
 * io.symposium.pool.remote.RemoteChatBackend}), reaching a model server, reading its model list,
 * and turning what goes wrong on the way (a refused connection, a timeout, an HTTP error from the
 * client library) into the pool's exceptions.
 */
@NullMarked
package io.symposium.pool.remote;

import org.jspecify.annotations.NullMarked;
