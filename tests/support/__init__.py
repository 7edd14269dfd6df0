"""What tests build their stories from: one factory per model, chat helpers, and the Actor."""
