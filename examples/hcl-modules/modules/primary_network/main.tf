resource "aws_vpc" "primary" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags = {
    Name = "primary-vpc-rdha"
  }
}

resource "aws_internet_gateway" "primary" {
  tags = {
    Name = "primary-igw-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_eip" "primary_nat" {
  domain = "vpc"
  tags = {
    Name = "primary-nat-eip-rdha"
  }

  depends_on = [aws_internet_gateway.primary]
}

resource "aws_route_table" "primary_private" {
  tags = {
    Name = "primary-private-rt-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route_table" "primary_public" {
  tags = {
    Name = "primary-public-rt-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route" "primary_public_default" {
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.primary.id
  route_table_id         = aws_route_table.primary_public.id
}

resource "aws_subnet" "primary_private_1" {
  availability_zone       = "us-east-1a"
  cidr_block              = "10.0.3.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "primary-private-1-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route_table_association" "primary_private_1" {
  route_table_id = aws_route_table.primary_private.id
  subnet_id      = aws_subnet.primary_private_1.id
}

resource "aws_subnet" "primary_private_2" {
  availability_zone       = "us-east-1b"
  cidr_block              = "10.0.4.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "primary-private-2-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route_table_association" "primary_private_2" {
  route_table_id = aws_route_table.primary_private.id
  subnet_id      = aws_subnet.primary_private_2.id
}

resource "aws_subnet" "primary_public_1" {
  availability_zone       = "us-east-1a"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "primary-public-1-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_nat_gateway" "primary" {
  allocation_id = aws_eip.primary_nat.allocation_id
  subnet_id     = aws_subnet.primary_public_1.id
  tags = {
    Name = "primary-nat-rdha"
  }

  depends_on = [aws_internet_gateway.primary]
}

resource "aws_route" "primary_private_default" {
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.primary.id
  route_table_id         = aws_route_table.primary_private.id
}

resource "aws_route_table_association" "primary_public_1" {
  route_table_id = aws_route_table.primary_public.id
  subnet_id      = aws_subnet.primary_public_1.id
}

resource "aws_subnet" "primary_public_2" {
  availability_zone       = "us-east-1b"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = false
  tags = {
    Name = "primary-public-2-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route_table_association" "primary_public_2" {
  route_table_id = aws_route_table.primary_public.id
  subnet_id      = aws_subnet.primary_public_2.id
}

resource "aws_vpc_peering_connection" "primary_to_dr" {
  peer_region = "us-west-2"
  peer_vpc_id = var.vpc_dr_id
  tags = {
    Name = "peering-rdha"
  }
  vpc_id = aws_vpc.primary.id
}

resource "aws_route" "primary_private_to_peer" {
  destination_cidr_block    = "10.1.0.0/16"
  route_table_id            = aws_route_table.primary_private.id
  vpc_peering_connection_id = var.vpc_peering_connection_accepter_primary_to_dr_id
}

resource "aws_vpc_peering_connection_options" "primary" {
  vpc_peering_connection_id = var.vpc_peering_connection_accepter_primary_to_dr_id

  requester {
    allow_remote_vpc_dns_resolution = true
  }
}

resource "aws_flow_log" "primary" {
  iam_role_arn             = var.iam_role_primary_flow_logs_arn
  log_destination          = var.cloudwatch_log_group_primary_flow_logs_arn
  log_destination_type     = "cloud-watch-logs"
  max_aggregation_interval = 60
  tags = {
    Name = "primary-flow-logs-rdha"
  }
  traffic_type = "ALL"
  vpc_id       = aws_vpc.primary.id

  depends_on = [var.iam_role_policy_primary_flow_logs_id]
}
