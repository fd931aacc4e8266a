// Package awstest is envdeck's AWS test infrastructure. It only talks to
// loopback and never needs real credentials.
//
//   - moto: StartMoto (one moto_server per test) and SharedMoto (one per test
//     binary, reset for each test; pair with TestMain → RunTests). A missing
//     moto_server fails the test, it never skips.
//   - clients: MotoClients (envdeck's aws.Clients: real SDK clients with
//     fake credentials, a short test retryer, aws.Instrument counting every
//     call), SDKOf / MotoSDK (full SDK clients for seeding), SDKConfig.
//   - Proxy: a reverse proxy in front of moto that names each request's
//     service and action (Identify), injects faults per service/action
//     (AccessDenied, Throttle, PriorRequestNotComplete, ServerError,
//     APIError, Latency, Drop, DropResponse, Respond, Rewrite, Intercept) in
//     each protocol's own error form, emulates AWS's token buckets
//     (EmulateThrottling, AWSBuckets), CloudFront ETags and InProgress
//     (EmulateCloudFront) and real Service Quotas answers (ServeQuotas), and
//     logs every call (Log, Count, CountInjected, Actions).
//   - fixtures: SeedPathPlatform (path mode), SeedHostPlatform (host mode),
//     SeedScalePlatform (load and call-count tests), each returning the
//     config and what every resource is.
//
// Typical use:
//
//	func TestMain(m *testing.M) { os.Exit(awstest.RunTests(m)) }
//
//	func TestSomething(t *testing.T) {
//		endpoint := awstest.SharedMoto(t)
//		f := awstest.SeedPathPlatform(t, awstest.MotoClients(t, endpoint), now)
//		p := awstest.NewProxy(t, endpoint, awstest.On(awstest.ServiceAPIGateway, "", awstest.AccessDenied()))
//		snap := aws.Discover(ctx, p.Clients(t), f.Config, aws.DiscoverOptions{})
//		...
//	}
package awstest
