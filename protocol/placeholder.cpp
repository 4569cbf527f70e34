namespace lstar::protocol {}
