// The LibTorch reference backend: nn::GRU + nn::Linear + BCEWithLogits + torch::optim::Adam,
// called the way a Python training script calls them. Built as a plugin (the only file that
// includes torch), so that quantloop pays torch's start-up only when it is asked for.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "models/gru_backend.h"

namespace quantloop::models {

namespace {

// Each layer is a one-layer nn::GRU so that the dropout between layers draws from this model's
// own generator: nn::GRU's built-in dropout and the parameters' default initialisation use
// LibTorch's global generator, which every model on every worker thread shares, so results
// would depend on thread scheduling. Initialisation is PyTorch's (uniform in +-1/sqrt(hidden)
// for the GRU and the head), drawn from the model's generator.
class TorchGruBackend final : public GruBackend {
 public:
  TorchGruBackend(GruShape shape, std::uint64_t seed)
      : shape_(shape), generator_(at::detail::createCPUGenerator(seed)), head_(shape.hidden, 1) {
    torch::set_num_threads(1);
    for (int l = 0; l < shape.layers; ++l) {
      layers_.emplace_back(
          torch::nn::GRUOptions(l == 0 ? shape.inputs : shape.hidden, shape.hidden));
    }
    torch::NoGradGuard no_grad;
    const double bound = 1.0 / std::sqrt(double(shape.hidden));
    for (auto& p : all_parameters())
      p.uniform_(-bound, bound, generator_);
    reset_optimizer(1e-3f);
  }

  float train_batch(const float* inputs, int steps, int batch, const float* labels, float dropout,
                    std::mt19937_64& random) override {
    for (auto& layer : layers_)
      layer->train();
    // The dropout masks follow the run's seed, through this model's generator only.
    generator_.set_current_seed(random());
    dropout_ = dropout;
    optimizer_->zero_grad();
    auto loss = loss_of(inputs, steps, batch, labels);
    loss.backward();
    optimizer_->step();
    dropout_ = 0;
    return loss.item<float>();
  }

  float loss_and_gradient(const float* inputs, int steps, int batch, const float* labels,
                          std::span<float> gradients) override {
    dropout_ = 0;
    for (auto& layer : layers_)
      layer->train();
    for (auto& p : all_parameters())
      p.mutable_grad() = torch::Tensor();
    auto loss = loss_of(inputs, steps, batch, labels);
    loss.backward();
    std::size_t at = 0;
    for (auto& p : all_parameters()) {
      auto g = p.grad().contiguous();
      std::copy(g.data_ptr<float>(), g.data_ptr<float>() + g.numel(),
                gradients.begin() + std::ptrdiff_t(at));
      at += std::size_t(g.numel());
    }
    return loss.item<float>();
  }

  void predict(const float* inputs, int steps, int batch, float* logits) override {
    torch::NoGradGuard no_grad;
    for (auto& layer : layers_)
      layer->eval();
    dropout_ = 0;
    auto out = logits_of(inputs, steps, batch).contiguous();
    std::copy(out.data_ptr<float>(), out.data_ptr<float>() + batch, logits);
  }

  std::vector<float> parameters() const override {
    std::vector<float> values;
    for (const auto& p : const_cast<TorchGruBackend*>(this)->all_parameters()) {
      auto c = p.detach().contiguous();
      values.insert(values.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    }
    return values;
  }

  void set_parameters(std::span<const float> values) override {
    torch::NoGradGuard no_grad;
    std::size_t at = 0;
    for (auto& p : all_parameters()) {
      p.copy_(torch::from_blob(const_cast<float*>(values.data() + at), p.sizes(), torch::kFloat32));
      at += std::size_t(p.numel());
    }
  }

  void reset_optimizer(float learning_rate) override {
    optimizer_ = std::make_unique<torch::optim::Adam>(all_parameters(),
                                                      torch::optim::AdamOptions(learning_rate));
  }

  std::string_view name() const override { return "torch"; }

 private:
  // PyTorch's order: per layer weight_ih, weight_hh, bias_ih, bias_hh; then the head.
  std::vector<torch::Tensor> all_parameters() {
    std::vector<torch::Tensor> list;
    for (auto& layer : layers_) {
      for (const char* name : {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}) {
        list.push_back(layer->named_parameters()[name]);
      }
    }
    list.push_back(head_->weight);
    list.push_back(head_->bias);
    return list;
  }

  torch::Tensor logits_of(const float* inputs, int steps, int batch) {
    auto x = torch::from_blob(const_cast<float*>(inputs), {steps, batch, shape_.inputs},
                              torch::kFloat32);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      x = std::get<0>(layers_[l]->forward(x));
      if (dropout_ > 0 && l + 1 < layers_.size()) {
        // nn::GRU's inter-layer dropout, with this model's generator.
        x = x * torch::empty_like(x).bernoulli_(1.0 - dropout_, generator_) / (1.0 - dropout_);
      }
    }
    return head_->forward(x[steps - 1]).squeeze(1);
  }

  torch::Tensor loss_of(const float* inputs, int steps, int batch, const float* labels) {
    auto y = torch::from_blob(const_cast<float*>(labels), {batch}, torch::kFloat32);
    return torch::binary_cross_entropy_with_logits(logits_of(inputs, steps, batch), y);
  }

  GruShape shape_;
  at::Generator generator_;
  std::vector<torch::nn::GRU> layers_;
  torch::nn::Linear head_;
  double dropout_ = 0;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

}  // namespace

}  // namespace quantloop::models

extern "C" quantloop::models::GruBackend* quantloop_create_torch_gru_backend(int inputs, int hidden,
                                                                             int layers,
                                                                             std::uint64_t seed) {
  return new quantloop::models::TorchGruBackend({inputs, hidden, layers}, seed);
}
