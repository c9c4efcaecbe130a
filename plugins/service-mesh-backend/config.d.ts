export interface Config {
  /**
   * Settings of the Service Mesh plugins. Clusters and their credentials come
   * from the standard `kubernetes` section; this section adds, per cluster,
   * where Kiali, Prometheus, Grafana and Jaeger are.
   */
  serviceMesh?: {
    /**
     * How long a mesh status is reused before the clusters are asked again,
     * in seconds (default 5). Concurrent requests for the same entity share one
     * upstream round in any case.
     */
    cacheTtlSeconds?: number;
    /**
     * The status from watches: per cluster, informers (list + watch) of the
     * kinds the status reads in the namespaces entities point at, started on
     * the first view and stopped after a quiet period; Prometheus and Kiali
     * polled per namespace in view. A page view then costs no upstream call,
     * and `GET …/status?sinceVersion=N` answers as soon as the status changes.
     * The portal's service account needs `watch` besides `get` and `list`
     * (rbac.yaml); where it may not watch, that namespace is listed per
     * request as without watches, and `sources.kubernetes.note` says why.
     */
    watch?: {
      /** Default false: every status lists the cluster (cached for cacheTtlSeconds). */
      enabled?: boolean;
      /** Stop a namespace's informers and polls after this many seconds without a viewer (default 300). */
      idleStopSeconds?: number;
      /** At most this many objects in one cluster's watch caches; namespaces beyond it are listed per request (default 50000). */
      maxObjectsPerCluster?: number;
      /** Prometheus' scrape interval: Prometheus and Kiali are read this often per namespace in view, just after each scrape (default 15). */
      scrapeIntervalSeconds?: number;
      /** How long `?sinceVersion=` waits for a change before answering the same status (default 25). */
      longPollSeconds?: number;
      /** First wait after a failed list or watch, doubled up to backoffMaxMs (defaults 200 and 30000). */
      backoffInitialMs?: number;
      backoffMaxMs?: number;
      /** Watches are renewed about this often, in seconds (default 300, randomised ±25 %). */
      watchTimeoutSeconds?: number;
    };
    /**
     * Canary rollouts started from the tab, the actions registry or the
     * `servicemesh:canary:rollout` action: a task on Backstage's scheduler,
     * run by one backend replica at a time, steps every progressing rollout.
     * Its state lives on the VirtualService, so a restart goes on with it.
     */
    rollouts?: {
      /** Default true. When false, rollouts are neither started nor stepped by this backend. */
      enabled?: boolean;
      /** How often, in seconds, every progressing rollout is looked at (default 10); keep it below the plans' check intervals. */
      checkFrequencySeconds?: number;
    };
    /** Timeout of each upstream request, in milliseconds (default 3000). */
    requestTimeoutMs?: number;
    /** Percentage points the observed split may differ from the weights before a finding (default 10). */
    driftThresholdPercent?: number;
    clusters?: Array<{
      /** The name of a cluster of the `kubernetes` section. */
      name: string;
      kiali?: {
        /** Kiali's API base, e.g. https://kiali-user1-istio-system.apps.example.com */
        url: string;
        /** Where browsers open Kiali, when it differs from `url`. */
        publicUrl?: string;
        /** `openshift` (Bearer token on each request, the OSSM default), `token` (login cookie) or `anonymous`. */
        strategy?: 'openshift' | 'token' | 'anonymous';
        /** @visibility secret */
        token?: string;
        /** Base64 PEM of the CA of Kiali's certificate. */
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
        /** Rate interval of health queries (default 1m). Kiali 2.22+ computes health over its own window instead. */
        rateInterval?: string;
        /**
         * The name a multi-cluster Kiali knows this cluster by (default: this
         * entry's name). Sent as `clusterName` only when Kiali manages more
         * than one cluster.
         */
        clusterName?: string;
        /**
         * Kiali's traffic-health tolerances, as in the Kiali CR's
         * `health_config.rate`. When absent, those Kiali sends in its
         * /api/config are used; Kiali's defaults (5xx: degraded above 0%,
         * failure from 10%; 4xx: 10% / 20%; gRPC 1-16 and no response: above
         * 0% / 10%) always come last. Kiali 2.22+ computes the status itself.
         */
        healthConfig?: {
          rate: Array<{
            /** Regular expressions matching the entity; absent matches all. */
            namespace?: string;
            /** `app`, `service` or `workload` (a regular expression). */
            kind?: string;
            name?: string;
            tolerance: Array<{
              /** Response codes that count as errors; X is any digit, e.g. 5XX, or a regular expression like ^[1-9]$|^1[0-6]$ for gRPC. */
              code: string;
              /** Percent of errors from which the health is Degraded (0: any error). */
              degraded?: number;
              /** Percent of errors from which the health is Failure. */
              failure?: number;
              /** Regular expression of protocols, e.g. http or grpc (default: all). */
              protocol?: string;
              /** inbound, outbound, or a regular expression of both (default: all). */
              direction?: string;
            }>;
          }>;
        };
      };
      prometheus?: {
        /**
         * Prometheus' base URL (or any endpoint of its HTTP API): OSSM 2's
         * https://prometheus-user1-istio-system.apps.example.com, OpenShift's
         * Thanos querier https://thanos-querier.openshift-monitoring.svc.cluster.local:9091
         * (or its tenancy port 9092, see `tenancy`), upstream Istio's http://prometheus.istio-system:9090.
         */
        url: string;
        /** Sent as `Authorization: Bearer`, e.g. for OpenShift's oauth-proxy or Thanos querier. @visibility secret */
        token?: string;
        /**
         * True for a tenancy endpoint, such as OpenShift's Thanos querier on
         * port 9092: every query carries the namespace it is about as the
         * `namespace` URL parameter and sees only that namespace's series;
         * the token needs the `view` role in each namespace (default false).
         */
        tenancy?: boolean;
        /**
         * Extra request headers.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
        /** The rate() window (default 1m: at least four scrape intervals). */
        window?: string;
      };
      grafana?: {
        /** Grafana's URL; the card links to it. */
        url: string;
      };
      /**
       * Where the card and tab link a route that Flagger or Argo Rollouts owns:
       * URL templates in which `{namespace}` and `{name}` are the Canary's or the
       * Rollout's, e.g. `https://rollouts.example.com/rollouts/rollout/{namespace}/{name}`
       * (Argo Rollouts' dashboard) or a Grafana dashboard of Flagger's canaries.
       */
      deliveryLinks?: {
        flagger?: string;
        argoRollouts?: string;
      };
      jaeger?: {
        /** Jaeger's URL; the card links to it. */
        url: string;
      };
    }>;
  };
}
