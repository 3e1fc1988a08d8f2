provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Environment = "production"
      ManagedBy   = "rdha"
      Project     = "rdha"
    }
  }
}

provider "aws" {
  alias  = "dr"
  region = "us-west-2"

  default_tags {
    tags = {
      Environment = "production"
      ManagedBy   = "rdha"
      Project     = "rdha"
    }
  }
}
