// The di-Higgs 2D truncated mixture of seed 000's slides, for bench/dihiggs.sh.
data {
  int<lower=1> N;
  array[N, 2] real y;
  real L;
  real U;
}
parameters {
  real mu;
  real<lower=0> sigma;
  real<lower=0> lambda0;
  simplex[2] theta;
}
model {
  vector[2] lp;
  mu ~ normal(125, 10);
  sigma ~ cauchy(0, 5);
  lambda0 ~ normal(0.05, 0.05);
  theta ~ dirichlet([1, 1]');
  for (n in 1:N) {
    lp[1] = normal_lpdf(y[n, 1] | mu, sigma)
            - log_diff_exp(normal_lcdf(U | mu, sigma), normal_lcdf(L | mu, sigma))
            + normal_lpdf(y[n, 2] | mu, sigma)
            - log_diff_exp(normal_lcdf(U | mu, sigma), normal_lcdf(L | mu, sigma));
    lp[2] = exponential_lpdf(y[n, 1] - L | lambda0) - exponential_lcdf(U - L | lambda0)
            + exponential_lpdf(y[n, 2] - L | lambda0) - exponential_lcdf(U - L | lambda0);
    target += log_mix(theta, lp);
  }
}
