package io.symposium.pool.llamacpp.worker;

import io.symposium.pool.llamacpp.engine.EngineConfig;
import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of a llama.cpp worker process. Started by the service's {@code WorkerSupervisor} with
 * the service's own class path; prints {@value WorkerProtocol#READY_PREFIX}{@code <port>} on stdout
 * once it serves, and exits when its stdin closes, so a worker never outlives the service that
 * started it.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp … io.symposium.pool.llamacpp.worker.WorkerMain [--port N] [--library FILE] [--max-requests N]
 * </pre>
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    int maxRequests = 64;
    Path library = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--max-requests" -> maxRequests = Integer.parseInt(value(args, ++i, "--max-requests"));
        case "--library" -> library = Path.of(value(args, ++i, "--library"));
        default -> usage("unknown argument " + args[i]);
      }
    }
    LlamaEngine engine = LlamaEngine.open(new EngineConfig(library, null));
    WorkerServer server = WorkerServer.start(engine, port, maxRequests);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
    Thread.ofPlatform()
        .daemon(true)
        .name("worker-stdin-watch")
        .start(
            () -> {
              awaitEof(System.in);
              stop.countDown();
            });
    System.out.println(WorkerProtocol.READY_PREFIX + server.port());
    System.out.flush();
    stop.await();
    System.exit(0);
  }

  private static void awaitEof(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the supervisor never writes; anything read is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the parent is gone, same as EOF
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(
        "worker: "
            + problem
            + "\nusage: WorkerMain [--port N] [--library FILE] [--max-requests N]");
    System.exit(2);
  }
}
