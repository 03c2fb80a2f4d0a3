import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One OpenSearch node for the e2e tier: `OpenSearchNode DATA_DIR HTTP_HOST HTTP_PORT`.
 * HTTP listens where the pods can reach it (the harness's bridge); the transport layer stays on
 * loopback because the node never forms a cluster. Prints READY once the cluster is yellow and
 * runs until killed.
 */
public final class OpenSearchNode {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: OpenSearchNode DATA_DIR HTTP_HOST HTTP_PORT");
      System.exit(2);
    }
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild((number, settings) -> {
      settings.put("http.host", args[1]);
      settings.put("http.port", args[2]);
      settings.put("transport.host", "127.0.0.1");
      settings.put("discovery.type", "single-node");
    }).build(OpenSearchRunner.newConfigs().basePath(args[0]).numOfNode(1).clusterName("e2e"));
    runner.ensureYellow();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.close();
      } catch (Exception e) {
        // the process is going away either way
      }
    }));
    System.out.println("READY");
    Thread.currentThread().join();
  }
}
