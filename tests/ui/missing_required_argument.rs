//! A request's `new` takes every required parameter: the policy id cannot be left out.

use cloudflare_api::operations::EmailSecurityGetAllowPolicyRequest;
use cloudflare_api::Operation;

fn main() {
    let request = EmailSecurityGetAllowPolicyRequest::new("023e105f4ecef8ad9ca31a8372d0c353");
    let _ = request.build_request("https://api.cloudflare.com/client/v4");
}
