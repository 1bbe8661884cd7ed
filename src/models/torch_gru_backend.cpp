// The LibTorch reference backend: nn::GRU + nn::Linear + BCEWithLogits + torch::optim::Adam,
// called the way a Python training script calls them. Built as a plugin (the only file that
// includes torch), so that quantloop pays torch's start-up only when it is asked for.
#include <torch/torch.h>

#include <algorithm>

#include "models/gru_backend.h"

namespace quantloop::models {

namespace {

class TorchGruBackend final : public GruBackend {
 public:
  TorchGruBackend(GruShape shape, std::uint64_t seed)
      : shape_(shape),
        gru_(torch::nn::GRUOptions(shape.inputs, shape.hidden).num_layers(shape.layers)),
        head_(shape.hidden, 1) {
    torch::set_num_threads(1);
    torch::manual_seed(seed);
    gru_->reset_parameters();
    head_->reset_parameters();
    reset_optimizer(1e-3f);
  }

  float train_batch(const float* inputs, int steps, int batch, const float* labels, float dropout,
                    std::mt19937_64& random) override {
    gru_->options.dropout(dropout);
    gru_->train();
    torch::manual_seed(random());  // dropout masks follow the run's seed
    optimizer_->zero_grad();
    auto loss = loss_of(inputs, steps, batch, labels);
    loss.backward();
    optimizer_->step();
    return loss.item<float>();
  }

  float loss_and_gradient(const float* inputs, int steps, int batch, const float* labels,
                          std::span<float> gradients) override {
    gru_->options.dropout(0.0);
    gru_->train();
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
    gru_->eval();
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
    for (int l = 0; l < shape_.layers; ++l) {
      for (const char* name : {"weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"}) {
        list.push_back(gru_->named_parameters()[name + std::to_string(l)]);
      }
    }
    list.push_back(head_->weight);
    list.push_back(head_->bias);
    return list;
  }

  torch::Tensor logits_of(const float* inputs, int steps, int batch) {
    auto x = torch::from_blob(const_cast<float*>(inputs), {steps, batch, shape_.inputs},
                              torch::kFloat32);
    auto output = std::get<0>(gru_->forward(x));
    return head_->forward(output[steps - 1]).squeeze(1);
  }

  torch::Tensor loss_of(const float* inputs, int steps, int batch, const float* labels) {
    auto y = torch::from_blob(const_cast<float*>(labels), {batch}, torch::kFloat32);
    return torch::binary_cross_entropy_with_logits(logits_of(inputs, steps, batch), y);
  }

  GruShape shape_;
  torch::nn::GRU gru_;
  torch::nn::Linear head_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

}  // namespace

}  // namespace quantloop::models

extern "C" quantloop::models::GruBackend* quantloop_create_torch_gru_backend(int inputs, int hidden,
                                                                             int layers,
                                                                             std::uint64_t seed) {
  return new quantloop::models::TorchGruBackend({inputs, hidden, layers}, seed);
}
